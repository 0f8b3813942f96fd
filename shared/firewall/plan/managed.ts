import type { FixPlan } from '../../schemas/firewall';
import type { FirewallVerdict } from '../types';
import { basePlan, protoPort } from './plan-base';
import type { FixChoices, FixContext, Scope } from './types';

/** A tool that rewrites the table or chain that decides: editing it directly would be undone or break that tool. */
interface Manager {
  name: string;
  text: string;
  commands: string[];
}

/** Who owns the deciding table/chain, when it is not the user's own ruleset. */
export function managerOf(verdict: FirewallVerdict, choices: FixChoices, scope: Scope): Manager | null {
  const table = verdict.rule?.table ?? verdict.policy?.table ?? '';
  const chain = verdict.rule?.chain ?? verdict.policy?.chain ?? '';
  const from = scope.any ? '' : ` from ${scope.text}`;
  if (verdict.backend === 'nftables' && /(^|\s)firewalld$/.test(table)) {
    return {
      name: 'firewalld',
      text: 'firewalld rebuilds its nftables table on every reload; change it through firewall-cmd.',
      commands: [
        `firewall-cmd --add-port=${choices.port}/${choices.protocol}${from ? '   # or a rich rule for the source' : ''}`,
        'firewall-cmd --get-active-zones',
      ],
    };
  }
  if (/^ufw6?-/.test(chain)) {
    return {
      name: 'ufw',
      text: "These chains are ufw's; it rewrites them. Change the rule with ufw.",
      commands: [`ufw allow proto ${choices.protocol}${from || ' from any'} to any port ${choices.port}`],
    };
  }
  if (/^KUBE-/.test(chain) || /(^|\s)kube-proxy$/.test(table)) {
    return {
      name: 'Kubernetes (kube-proxy)',
      text: 'kube-proxy rewrites these rules continuously; open the port through the Service (NodePort / LoadBalancer) or a NetworkPolicy instead.',
      commands: ['kubectl get svc -A -o wide'],
    };
  }
  return null;
}

/** Explain a decision made in a chain another tool manages; nothing runs. */
export function planManagedExplanation(ctx: FixContext, choices: FixChoices, scope: Scope, manager: Manager): FixPlan {
  const plan = basePlan(ctx, choices, scope, ctx.verdict?.backend ?? 'nftables', 'explain');
  plan.summary = `${manager.name} manages the rules that stop ${protoPort(choices)}; PortDoctor does not edit them behind its back.`;
  plan.guidance = [{ title: `Change it through ${manager.name}`, text: manager.text, commands: manager.commands }];
  return plan;
}
