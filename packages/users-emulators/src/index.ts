export { embeddedAwsConfig, startEmbeddedAws, type EmbeddedAws } from './embedded-aws.js';
