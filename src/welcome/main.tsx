import { render } from 'preact';
import { I18n, useLanguage } from '../ui/i18n-context';
import { Welcome } from './welcome';
import './welcome.css';

function Root() {
  const tr = useLanguage();
  if (!tr) return <main class="welcome" aria-busy="true" />;
  return (
    <I18n.Provider value={tr}>
      <Welcome />
    </I18n.Provider>
  );
}

const root = document.getElementById('app');
if (root) render(<Root />, root);
