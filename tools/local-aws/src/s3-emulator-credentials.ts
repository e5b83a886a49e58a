/**
 * The only key pair the S3 emulator (@20minutes/s3rver) knows. It checks the signature of every
 * signed request against it; note that it also serves requests that carry no signature at all.
 */
export const s3EmulatorCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string } = {
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
};
