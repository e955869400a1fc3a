// When the page's sections are rendered. A section is rendered only when what it shows changed:
// most changes move a few figures, and rebuilding every table and chart costs the browser style
// and layout of the whole page. A section out of view (an IntersectionObserver, half a screen of
// margin) is rendered when the page is idle or as it comes near the view, so that a key press's
// frame holds the script, style, layout and paint of what can be seen: on a phone the results
// are all below the form being edited.
import { whenIdle } from './dom.js';

export function sectionRenderer() {
  const shown = new Map();      // section -> the JSON it was last rendered from
  const pending = new Map();    // section -> { key, run } waiting for the view or for idle time
  const elementOf = new Map();  // section -> the element whose visibility decides
  const inView = new Map();     // element -> whether it intersects; an unseen element counts as in view
  let idleQueued = false;

  function show(section, key, run) {
    pending.delete(section);
    shown.set(section, key);
    run();
  }
  function render(section) {
    const { key, run } = pending.get(section);
    show(section, key, run);
  }
  function renderAll() {
    idleQueued = false;
    for (const section of [...pending.keys()]) render(section);
  }
  const observer = typeof IntersectionObserver === 'function' ? new IntersectionObserver((entries) => {
    for (const e of entries) inView.set(e.target, e.isIntersecting);
    for (const [section, element] of elementOf) if (pending.has(section) && inView.get(element)) render(section);
  }, { rootMargin: '50% 0px' }) : null;

  // Renders `data` with `render` now, later (element out of view), or not at all (unchanged).
  function renderChanged(section, data, renderData, element = null) {
    const key = JSON.stringify(data) ?? 'undefined';
    if (element && observer && !elementOf.has(section)) {
      elementOf.set(section, element);
      observer.observe(element);
    }
    if (shown.get(section) === key) {
      pending.delete(section);
      return;
    }
    const run = () => renderData(data);
    if (!element || inView.get(element) !== false) return show(section, key, run);
    pending.set(section, { key, run });
    if (!idleQueued) {
      idleQueued = true;
      whenIdle(renderAll);
    }
  }
  // renderAll: everything waiting, now (before the page is printed).
  return { renderChanged, renderAll };
}
