import "server-only";
import encodeQR from "qr";

/**
 * The otpauth:// URI as a QR code image (SVG, rendered on the server), for an <img src>: the
 * encoder's dark squares on a white square of its own, so a dark page behind the image never
 * swallows the quiet zone a camera needs.
 */
export function qrDataUri(uri: string) {
  const svg = encodeQR(uri, "svg", { border: 2, ecc: "medium" }).replace(
    /^<svg([^>]*)>/,
    '<svg$1><rect width="100%" height="100%" fill="#fff"/>',
  );
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
