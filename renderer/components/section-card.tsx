import { Body1, Card, CardHeader, Subtitle2, makeStyles } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: '12px' },
  heading: { margin: 0 },
});

/** A card with a level-3 heading and an introductory sentence: the fix panel and the report actions. */
export function SectionCard({ title, intro, testId, children }: { title: string; intro: string; testId?: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} data-testid={testId}>
      <CardHeader
        header={
          <Subtitle2 as="h3" className={styles.heading}>
            {title}
          </Subtitle2>
        }
        description={<Body1>{intro}</Body1>}
      />
      {children}
    </Card>
  );
}
