import { useTranslation } from 'react-i18next';

/** The app shell (placeholder until the Fluent UI layout lands). */
export function App() {
  const { t } = useTranslation();
  return (
    <main>
      <h1>{t('app.name')}</h1>
    </main>
  );
}
