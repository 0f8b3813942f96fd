/**
 * `engine.fixCheck.*`: whether a fix is in the firewall viewed, and which proof "fixed" rests on (issue #11 items 2, 4).
 * Kept apart from engine-en.ts, which is already long; it is mounted there under `fixCheck`.
 */
export const fixCheckEn = {
  present: 'present here',
  absent: 'not present here',
  unknown: 'couldn’t check',
  undone: 'undone {{undone}}',
  undoWith: 'undo with: portdoctor fix --undo {{id}}',
  testWith: 'test with: portdoctor fix --verify {{id}} (after the client has tried again)',
  none: 'No fixes in this data folder.',
  proofCounter: 'Verified: a SYN from {{client}} was accepted (rule counter {{before}} → {{after}}).',
  proofCounterAny:
    'Verified: the new rule accepted traffic (rule counter {{before}} → {{after}}); the counter does not tell from which client.',
  proofReevaluated:
    'Verified by re-evaluation only: the ruleset now accepts the SYN, but no traffic has been counted by the new rule yet (counter {{after}}).',
  proofReevaluatedNoCounter: 'Verified by re-evaluation only: the ruleset now accepts the SYN; {{why}}.',
  notFixed: 'Not verified: the ruleset does not accept the SYN.',
  retry: 'Let the client try again (portdoctor probe <this host>:{{port}}), then: portdoctor fix --verify {{id}}.',
  outcomeCounter: 'fixed — verified by real traffic (rule counter)',
  outcomeReevaluated: 'fixed — verified by re-evaluation (no traffic seen yet)',
  outcomeNotFixed: 'not verified as fixed',
  /** Why a saved fix is not (or could not be shown) present in the firewall viewed. */
  presence: {
    saysAbsent: '{{check}} says the exact rule is not there',
    notAsked: '{{tool}} could not be asked ({{reason}})',
    notAskedSaid: '{{tool}} could not be asked ({{reason}}: {{said}})',
    nftUnread: 'could not read {{where}} ({{detail}})',
    nftAbsent: 'no rule {{rule}}',
    noIdentity: 'this change carries no identity PortDoctor can check',
    noChange: 'the record holds no change',
    otherPlatform: 'PortDoctor changes firewalls on Linux and Windows only',
  },
};
