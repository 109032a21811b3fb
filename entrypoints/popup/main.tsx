import { render } from 'preact';
import { browser } from 'wxt/browser';
import { openOutboxDatabase } from '@/utils/db/database';
import { setMessageSource, t } from '@/utils/i18n';
import { App } from './App';
import './style.css';

setMessageSource((key, substitutions) => browser.i18n.getMessage(key as never, substitutions));
document.title = t('popupTitle');
document.documentElement.lang = browser.i18n.getUILanguage?.() || 'en';
render(<App db={openOutboxDatabase()} />, document.getElementById('app')!);
