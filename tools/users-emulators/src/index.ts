export { awsEnvironment, embeddedAwsConfig, startEmbeddedAws, type EmbeddedAws } from './embedded-aws.js';
