/**
 * The pages' one stylesheet, served at `/stil.css` (no build step). Colours are chosen for at
 * least 4.5:1 contrast on white; focus is always visible; print leaves out the navigation.
 */
export const stylesheet = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.0625rem;line-height:1.5;color:#0b0c0c;background:#fff}
a{color:#1d4f91}
a:visited{color:#4c2c92}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #ffbf47;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}
.skip{position:absolute;left:-9999px}
.skip:focus{position:static;display:block;padding:.5rem;background:#ffbf47;color:#0b0c0c}
header.site{background:#0b3a5d;color:#fff;padding:.75rem 1.5rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
header.site a{color:#fff}
header.site .brand{margin:0;font-weight:700}
header.site nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
header.site .signout{display:flex;gap:.75rem;align-items:center}
header.site .signout p{margin:0}
main{max-width:72rem;margin:0 auto;padding:1.5rem}
footer.site{border-top:1px solid #b1b4b6;padding:1rem 1.5rem;margin-top:3rem}
h1{font-size:2rem;line-height:1.2}
table{border-collapse:collapse;width:100%;margin:1rem 0 2rem}
caption{text-align:left;font-weight:700;padding:.5rem 0}
th,td{border-bottom:1px solid #b1b4b6;padding:.5rem .75rem .5rem 0;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1.5rem}
.facts dt{font-weight:700}
.facts dd{margin:0}
.field{margin:0 0 1.25rem}
.field label,fieldset legend{display:block;font-weight:700;margin-bottom:.25rem}
.hint{color:#484949;margin:0 0 .25rem}
input,select,textarea{font:inherit;padding:.4rem;border:2px solid #0b0c0c;max-width:100%}
input[type=password]{width:40rem}
textarea{width:40rem}
fieldset{border:0;padding:0;margin:0 0 1.25rem}
.choice{margin:.25rem 0}
.choice label{display:inline;font-weight:400}
button,.button{font:inherit;display:inline-block;padding:.5rem 1rem;background:#00703c;color:#fff;border:2px solid transparent;box-shadow:0 2px 0 #002d18;cursor:pointer;text-decoration:none}
button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
header.site button{background:#fff;color:#0b3a5d}
a.button:visited{color:#fff}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;margin-bottom:1rem}
.filters .field{margin:0}
.tag{display:inline-block;padding:.1rem .5rem;border:2px solid currentColor;font-weight:700;font-size:.9rem}
.tag-pending,.tag-open,.tag-queued,.tag-solving{color:#1d4f91}
.tag-approved,.tag-accepted,.tag-closed{color:#005a30}
.tag-rejected,.tag-declined,.tag-failed,.tag-infeasible,.tag-no_answer{color:#942514}
.tag-protected{color:#4c2c92}
.tag-prevention,.tag-children{color:#7a3e00}
.error-summary{border:4px solid #b10e1e;padding:1rem;margin-bottom:1.5rem}
.error-summary a{color:#b10e1e;font-weight:700}
.field-error{color:#b10e1e;font-weight:700;margin:0 0 .25rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.notice{border-left:8px solid #00703c;padding:.5rem 1rem;margin-bottom:1.5rem;background:#f3f2f1}
.notice-problem{border-left-color:#b10e1e}
.explanation{border-left:4px solid #b1b4b6;padding-left:1rem}
.unmatched{list-style:none;padding:0}
.unmatched li{margin:.5rem 0}
.detail{color:#484949}
.chart{max-width:40rem;height:auto}
.chart-wrap svg{max-width:100%;height:auto}
.chart-label,.chart-value{font-size:15px;fill:#0b0c0c}
.chart-bar{fill:#1d4f91}
.chart-pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:2rem}
figure{margin:0}
.letter{max-width:40rem}
.letter h1{font-size:1.5rem}
figcaption{font-weight:700;margin-bottom:.5rem}
@media print{header.site,footer.site,.skip,form,.no-print{display:none}main{padding:0}body{font-size:11pt}a{color:#000;text-decoration:none}}
`

/**
 * The progress of a round being solved (`/lage.js`): asks for the round's state every two seconds
 * and, when it is done, says so in the page's live region and turns the reload link into "Visa
 * resultatet". The page works without it.
 */
export const progressScript = `'use strict'
;(() => {
  const box = document.querySelector('[data-round-state]')
  const text = document.getElementById('lage-text')
  const link = document.getElementById('lage-lank')
  if (!box || !text || !link) return
  const url = box.getAttribute('data-round-state')
  const tick = async () => {
    try {
      const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (res.ok) {
        const state = await res.json()
        text.textContent = state.text
        if (state.done) {
          link.textContent = 'Visa resultatet'
          return
        }
      }
    } catch {}
    setTimeout(tick, 2000)
  }
  setTimeout(tick, 2000)
})()
`
