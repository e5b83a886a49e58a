export {
  argumentsOf,
  dockerfileOf,
  pinnedNodeVersion,
  readStages,
  runtimeArtifact,
  withKeyword,
  workspaceRoot,
  type Stage,
} from './dockerfile.js';
export { imageRuleViolations } from './image-rules.js';
