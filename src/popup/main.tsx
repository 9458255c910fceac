import { render } from 'preact';
import browser from '../shared/browser';

function App() {
  return <h1>{browser.i18n.getMessage('extName')}</h1>;
}

const root = document.getElementById('app');
if (root) render(<App />, root);
