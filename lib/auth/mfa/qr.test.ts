import encodeQR from "qr";
import decodeQR from "qr/decode.js";
import { describe, expect, it } from "vitest";
import { qrDataUri } from "./qr";

const uri = "otpauth://totp/Seatkeeper:owner%40fjord.test?secret=JBSWY3DPEHPK3PXP&issuer=Seatkeeper";

/** The code's modules as an RGBA image, `scale` pixels a module, as a camera would see it. */
function pixels(modules: boolean[][], scale = 4) {
  const size = modules.length * scale;
  const data = new Uint8Array(size * size * 4).fill(255);
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++)
          data.fill(
            0,
            ((y * scale + dy) * size + x * scale + dx) * 4,
            ((y * scale + dy) * size + x * scale + dx) * 4 + 3,
          );
    }),
  );
  return { width: size, height: size, data };
}

describe("the authenticator's QR code", () => {
  it("is an SVG data URI on a white square of its own", () => {
    const svg = Buffer.from(qrDataUri(uri).replace(/^data:image\/svg\+xml;base64,/, ""), "base64").toString();
    expect(svg).toMatch(/^<svg viewBox="0 0 (\d+) \1"[^>]*><rect width="100%" height="100%" fill="#fff"\/><path d="M/);
  });

  it("reads back as the otpauth URI with the encoder's options", () => {
    const modules = encodeQR(uri, "raw", { border: 2, ecc: "medium" });
    expect(decodeQR(pixels(modules))).toBe(uri);
  });
});
