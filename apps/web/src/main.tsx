import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import './style.css';
import { SkillsView } from './views/skills.tsx';
import { ResumeView } from './views/resume.tsx';
import { MatchView } from './views/match.tsx';
import { EvalView } from './views/eval.tsx';

const VIEWS = Object.freeze([
  { id: 'skills', label: 'Skills for a job title', View: SkillsView },
  { id: 'resume', label: 'Resume', View: ResumeView },
  { id: 'match', label: 'Match', View: MatchView },
  { id: 'eval', label: 'Evaluation', View: EvalView },
] as const);
type ViewId = (typeof VIEWS)[number]['id'];

const fromHash = (): ViewId => VIEWS.find((v) => `#${v.id}` === location.hash)?.id ?? 'skills';

function App() {
  const [current, setCurrent] = useState<ViewId>(fromHash());
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => {
    const onHash = () => setCurrent(fromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const select = (id: ViewId, focus = false) => {
    history.replaceState(null, '', `#${id}`);
    setCurrent(id);
    if (focus) tabs.current[VIEWS.findIndex((v) => v.id === id)]?.focus();
  };
  // WAI-ARIA tabs: arrows move between tabs, Home/End jump; Tab goes into the panel.
  const onKeyDown = (event: KeyboardEvent) => {
    const i = VIEWS.findIndex((v) => v.id === current);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: VIEWS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(VIEWS[(next + VIEWS.length) % VIEWS.length]!.id, true);
  };
  return (
    <>
      <header>
        <h1>jobskill</h1>
        <p class="tagline">ESCO skills for job titles, skills and roles in resumes, resume ↔ job match.</p>
        <nav role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
          {VIEWS.map((v, i) => (
            <button
              key={v.id}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              role="tab"
              id={`tab-${v.id}`}
              aria-selected={current === v.id}
              aria-controls={`panel-${v.id}`}
              tabIndex={current === v.id ? 0 : -1}
              onClick={() => select(v.id)}
            >
              {v.label}
            </button>
          ))}
        </nav>
      </header>
      <main>
        {VIEWS.map(({ id, View }) => (
          // Views stay mounted so switching tabs keeps what was typed and found.
          <section key={id} role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} hidden={current !== id}>
            <View />
          </section>
        ))}
      </main>
      <footer>
        API docs: <a href="docs">/docs</a> · <a href="openapi.json">openapi.json</a>
      </footer>
    </>
  );
}

render(<App />, document.getElementById('app')!);
