import { render } from 'preact';
import { I18n, useLanguage } from '../ui/i18n-context';
import { CheckPage } from './check';
import { realDeps } from './start-check';
import './check.css';

const deps = realDeps();

function Root() {
  const tr = useLanguage();
  if (!tr) return <main class="check" aria-busy="true" />;
  return (
    <I18n.Provider value={tr}>
      <CheckPage deps={deps} />
    </I18n.Provider>
  );
}

const root = document.getElementById('app');
if (root) render(<Root />, root);
