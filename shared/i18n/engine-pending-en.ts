/**
 * `engine.pending.*`: a firewall's saved configuration (what a reload or reboot loads) that differs from the rules
 * running now, for the port (issue 17 item 13). Mounted in engine-en.ts under `pending`.
 */
export const pendingEn = {
  firewalldSavedAllows:
    'firewalld zone {{zone}} opens {{protocol}} port {{port}} in its permanent configuration ({{entries}}), not in the running one: allowed after `firewall-cmd --reload`, not now',
  firewalldSaved:
    'firewalld zone {{zone}} has {{entries}} for {{protocol}} port {{port}} in its permanent configuration, not in the running one: `firewall-cmd --reload` loads it',
  firewalldRunningAllows:
    'firewalld zone {{zone}} opens {{protocol}} port {{port}} in its running configuration only ({{entries}}): allowed now, gone after `firewall-cmd --reload` or a reboot — `firewall-cmd --runtime-to-permanent` keeps it',
  firewalldRunning:
    'firewalld zone {{zone}} has {{entries}} for {{protocol}} port {{port}} in its running configuration only: gone after `firewall-cmd --reload` or a reboot — `firewall-cmd --runtime-to-permanent` keeps it',
  nftSavedAllows:
    'The nftables boot file {{where}} lets {{protocol}} port {{port}} in ({{entries}}), the running ruleset of its tables does not: allowed after `{{apply}}` or a reboot, not now',
  nftSaved:
    'The nftables boot file {{where}} lets {{protocol}} port {{port}} in ({{entries}}), the running ruleset of its tables does not; another rule decides now, so loading it (`{{apply}}` or a reboot) alone does not let it in',
  nftRunningBlocks:
    'The running nftables ruleset lets {{protocol}} port {{port}} in, but the boot file {{where}} does not ({{entries}}): blocked after a reboot or `{{apply}}` — add the rule that allows it to {{where}} to keep it',
  nftRunning:
    'The running nftables tables of {{where}} let {{protocol}} port {{port}} in, but the file does not ({{entries}}): a reboot or `{{apply}}` changes this',
  ufwSaved:
    'ufw is not active in the kernel: its saved rule(s) for {{protocol}} port {{port}} in {{where}} ({{entries}}) are not loaded — `ufw enable` loads them, together with its default policy for incoming traffic',
  ufwSavedAllows:
    'ufw’s rules file {{where}} lets {{protocol}} port {{port}} in ({{entries}}), the rules loaded in the kernel do not: allowed after `ufw reload` or a reboot, not now',
  ufwRunningBlocks:
    'The kernel’s ufw rules let {{protocol}} port {{port}} in ({{entries}}), ufw’s rules file {{where}} does not: blocked after `ufw reload` or a reboot — add the rule with `ufw allow` to keep it',
};
