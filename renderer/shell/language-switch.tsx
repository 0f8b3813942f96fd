import { Dropdown, Option, makeStyles } from '@fluentui/react-components';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../i18n/i18n';
import type { Language } from '../i18n/i18n';

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'center', gap: '8px', flexShrink: 0, whiteSpace: 'nowrap' },
  dropdown: { minWidth: '128px' },
});

const LABEL_KEYS = { en: 'shell.languageEn', 'zh-CN': 'shell.languageZhCN' } as const;

/** The language switch (English / 简体中文); the choice is remembered across restarts. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const labelId = useId();
  const current: Language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  return (
    <div className={styles.root}>
      <span id={labelId}>{t('shell.language')}</span>
      <Dropdown
        className={styles.dropdown}
        aria-labelledby={labelId}
        value={t(LABEL_KEYS[current])}
        selectedOptions={[current]}
        onOptionSelect={(_e, data) => {
          if (data.optionValue === 'en' || data.optionValue === 'zh-CN') setLanguage(data.optionValue);
        }}
      >
        {LANGUAGES.map((lng) => (
          <Option key={lng} value={lng} lang={lng}>
            {t(LABEL_KEYS[lng])}
          </Option>
        ))}
      </Dropdown>
    </div>
  );
}
