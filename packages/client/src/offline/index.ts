export {
  createDeviceKey,
  createOfflineActivationRequest,
  createReleaseReceipt,
  createRenewalRequest,
  deviceKeyThumbprint,
  offlineFileQrSvg,
  offlineFileTypes,
  type DeviceKey,
  type OfflineActivationInput,
} from "./device-files.js";
export {
  LicenseFileError,
  verifyLicenseFile,
  type LicenseFileClaims,
  type LicenseFileExpectations,
  type LicenseFileRefusal,
} from "./license-file.js";
