// The window: a header (Labs, Pods, the language switch), the engine banner, and the page the URL
// names — the lab library, one lab, or every Pod on the engine.
import { EngineBanner } from './app/EngineBanner.js';
import { PodsPage } from './app/PodsPage.js';
import { useRoute } from './app/route.js';
import { TransportProvider } from './app/transport-context.js';
import { defineStrings, LangProvider, useLang, useStrings } from './i18n/lang.js';
import { LabLibrary } from './labs/LabLibrary.js';
import { LabView } from './labs/LabView.js';
import type { Transport } from './transport.js';
import './app/shell.css';

const strings = defineStrings({
  en: { labs: 'Labs', pods: 'Pods', language: 'Language', nav: 'Main' },
  zh: { labs: '实验', pods: 'Pod', language: '语言', nav: '主导航' },
});

export function App({ transport }: { transport: Transport }) {
  return (
    <TransportProvider transport={transport}>
      <LangProvider>
        <Shell />
      </LangProvider>
    </TransportProvider>
  );
}

function Shell() {
  const route = useRoute();
  const t = useStrings(strings);
  const { lang, setLang } = useLang();
  return (
    <div className="shell">
      <header className="shell-header">
        <a className="brand" href="#/labs">
          Podlab
        </a>
        <nav aria-label={t.nav} className="shell-nav">
          <a href="#/labs" aria-current={route.page !== 'pods' ? 'page' : undefined}>
            {t.labs}
          </a>
          <a href="#/pods" aria-current={route.page === 'pods' ? 'page' : undefined}>
            {t.pods}
          </a>
        </nav>
        <div className="lang-switch" role="group" aria-label={t.language}>
          <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang('en')}>
            English
          </button>
          <button type="button" aria-pressed={lang === 'zh'} onClick={() => setLang('zh')}>
            中文
          </button>
        </div>
      </header>
      <EngineBanner />
      <main className="shell-main">
        {route.page === 'labs' && <LabLibrary />}
        {route.page === 'lab' && <LabView key={route.id} id={route.id} />}
        {route.page === 'pods' && <PodsPage {...(route.pod ? { pod: route.pod } : {})} />}
      </main>
    </div>
  );
}
