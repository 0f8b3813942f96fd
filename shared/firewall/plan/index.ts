/** Pure firewall-fix planners: from a verdict and the user's choices to exact argv arrays with their undo. */
export { planFix } from './plan-fix';
export { GUIDED_CAUSES } from './guided';
export type { FixContext } from './types';
