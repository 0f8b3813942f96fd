import { Badge, Spinner } from '@fluentui/react-components';
import {
  CheckmarkCircleRegular,
  CircleRegular,
  DismissCircleRegular,
  QuestionCircleRegular,
  SubtractCircleRegular,
  WarningRegular,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { StepStatus } from '../../shared/schemas/report';

/** A step's status as shown: the five report statuses plus the UI's own "not checked yet" and "checking". */
export type ShownStatus = StepStatus | 'pending' | 'running';

// Icon and word as well as colour, so the status never depends on colour alone; `unknown` is grey with a
// question mark and can never be mistaken for the green `pass` (DESIGN.md: unknown is never shown as pass).
const LOOK = {
  pass: { color: 'success', appearance: 'filled', icon: <CheckmarkCircleRegular /> },
  fail: { color: 'danger', appearance: 'filled', icon: <DismissCircleRegular /> },
  warn: { color: 'warning', appearance: 'filled', icon: <WarningRegular /> },
  unknown: { color: 'informative', appearance: 'tint', icon: <QuestionCircleRegular /> },
  skipped: { color: 'informative', appearance: 'outline', icon: <SubtractCircleRegular /> },
  pending: { color: 'informative', appearance: 'ghost', icon: <CircleRegular /> },
  running: { color: 'brand', appearance: 'ghost', icon: <Spinner size="extra-tiny" /> },
} as const;

/** The badge for one step's status. */
export function StatusBadge({ status }: { status: ShownStatus }) {
  const { t } = useTranslation();
  const look = LOOK[status];
  return (
    <Badge color={look.color} appearance={look.appearance} icon={look.icon} data-status={status} size="large">
      {t(`status.${status}`)}
    </Badge>
  );
}
