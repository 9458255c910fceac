import { render } from 'preact';
import { I18n, useLanguage } from '../ui/i18n-context';
import { Popup } from './popup';
import './popup.css';

function Root() {
  const tr = useLanguage();
  if (!tr) return <main class="popup" aria-busy="true" />;
  return (
    <I18n.Provider value={tr}>
      <Popup />
    </I18n.Provider>
  );
}

const root = document.getElementById('app');
if (root) render(<Root />, root);
