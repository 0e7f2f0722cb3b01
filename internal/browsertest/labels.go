package browsertest

import (
	"context"

	"github.com/chromedp/chromedp"
)

// readUnlabelled lists the page's form controls a screen reader could not
// name: every input (but hidden ones, and buttons, which name themselves),
// select and textarea needs a <label> with text — around it or naming its
// id — or an aria-label, or an aria-labelledby pointing at text.
const readUnlabelled = `(() => {
  const named = el => {
    if ((el.getAttribute('aria-label') || '').trim()) return true;
    const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    if (by.some(id => { const l = document.getElementById(id); return l && l.textContent.trim(); })) return true;
    return Array.from(el.labels || []).some(l => l.textContent.trim());
  };
  const skip = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  return Array.from(document.querySelectorAll('input, select, textarea'))
    .filter(el => !(el.tagName === 'INPUT' && skip.has(el.type)))
    .filter(el => !named(el))
    .map(el => el.outerHTML.slice(0, 160));
})()`

// Unlabelled returns the opening tags of the current page's form controls
// that have no label, and how many labelled controls it checked.
func Unlabelled(ctx context.Context) (missing []string, checked int, err error) {
	missing, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](readUnlabelled))
	if err != nil {
		return nil, 0, err
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea').length`))
	return missing, n - len(missing), err
}
