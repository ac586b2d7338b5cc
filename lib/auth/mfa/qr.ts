import "server-only";
import { renderSVG } from "uqr";

/** The otpauth:// URI as a QR code image (SVG, rendered on the server), for an <img src>. */
export function qrDataUri(uri: string) {
  return `data:image/svg+xml;base64,${Buffer.from(renderSVG(uri, { border: 2 })).toString("base64")}`;
}
