export {
  argumentsOf,
  dockerfileOf,
  readStages,
  runtimeArtifact,
  withKeyword,
  workspaceRoot,
  type Stage,
} from './dockerfile.js';
export { imageRuleViolations } from './image-rules.js';
