import { ScimError as PatchLibraryError } from "scim-patch";
import { ScimError, type ScimType } from "./errors";

const KNOWN: ScimType[] = ["invalidPath", "noTarget", "invalidValue", "invalidSyntax", "mutability"];

/** A PATCH that scim-patch cannot apply, as SCIM's 400 with the scimType it reported. */
export function patchFailure(e: unknown): unknown {
  if (!(e instanceof PatchLibraryError)) return e;
  const scimType = KNOWN.find((t) => t === e.scimCode) ?? "invalidPath";
  return new ScimError(400, e.message, scimType);
}
