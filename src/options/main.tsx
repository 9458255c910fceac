import { render } from 'preact';
import { I18n, useLanguage } from '../ui/i18n-context';
import { Options } from './options';
import './options.css';

function Root() {
  const tr = useLanguage();
  if (!tr) return <main class="options" aria-busy="true" />;
  return (
    <I18n.Provider value={tr}>
      <Options />
    </I18n.Provider>
  );
}

const root = document.getElementById('app');
if (root) render(<Root />, root);
