import { Badge, Tooltip } from '@fluentui/react-components';
import { QuestionCircleRegular, ShieldCheckmarkRegular, ShieldErrorRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { Elevation } from '../state/shell-selectors';

const LOOK = {
  elevated: { color: 'success', label: 'shell.elevated', tip: 'shell.elevatedTip', icon: <ShieldCheckmarkRegular /> },
  'not-elevated': { color: 'warning', label: 'shell.notElevated', tip: 'shell.notElevatedTip', icon: <ShieldErrorRegular /> },
  unknown: { color: 'informative', label: 'shell.elevationUnknown', tip: 'shell.elevationUnknownTip', icon: <QuestionCircleRegular /> },
} as const;

// A replayed report says how its own machine ran, not this one.
const RECORDED = {
  elevated: { label: 'shell.recordedElevated', tip: 'shell.recordedElevationTip' },
  'not-elevated': { label: 'shell.recordedNotElevated', tip: 'shell.recordedElevationTip' },
  unknown: { label: 'shell.elevationUnknown', tip: 'shell.recordedElevationTip' },
} as const;

/** Whether PortDoctor runs elevated (or ran, for a replayed report); the tooltip says what is skipped without it. */
export function ElevationBadge({ elevation, replay }: { elevation: Elevation; replay: boolean }) {
  const { t } = useTranslation();
  const look = { ...LOOK[elevation], ...(replay ? RECORDED[elevation] : {}) };
  return (
    <Tooltip content={t(look.tip)} relationship="description" withArrow>
      {/* Focusable so keyboard and screen-reader users reach the tooltip too. */}
      <Badge
        tabIndex={0}
        appearance="tint"
        color={look.color}
        icon={look.icon}
        data-testid="elevation-badge"
        data-elevation={elevation}
        data-replay={replay}
      >
        {t(look.label)}
      </Badge>
    </Tooltip>
  );
}
