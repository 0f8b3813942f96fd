/** Pure firewall-fix planners: from a verdict and the user's choices to exact argv arrays with their undo. */
export { planFix } from './plan-fix';
export { planGuidance, GUIDED_CAUSES } from './guided';
export { windowsRuleName } from './windows';
export { zoneFor } from './firewalld';
export { isDockerChain } from './docker';
export { markerOf, parseScope } from './validate';
export type { FixChoices, FixContext, PlanResult, Scope, WindowsProfile } from './types';
