export { buildApp, BuildAppOptions } from './app.ts';
export { startServer, StartServerOptions } from './server.ts';
export type { RunningServer } from './server.ts';
export { startCluster, StartClusterOptions } from './cluster.ts';
export type { RunningCluster } from './cluster.ts';
export {
  loadServices,
  skillSearcherFrom,
  roleLabelerFrom,
  toApiHit,
  SERVED_LABELERS,
} from './real-services.ts';
export type { LoadServicesOptions } from './real-services.ts';
export { ApiError, problem } from './problem.ts';
export {
  LIMITS,
  SkillSearchBody,
  SkillSearchBatchBody,
  SkillSearchResponse,
  SkillSearchBatchResponse,
  RoleLabelBody,
  RoleLabelBatchBody,
  RoleLabelResponse,
  RoleLabelBatchResponse,
  RolesResponse,
  Problem,
} from './schemas.ts';
export type {
  ApiServices,
  SkillSearcher,
  SkillSearchOptions,
  SkillHit,
  RoleLabeler,
  RoleLabelInput,
  RoleLabel,
} from './services.ts';
