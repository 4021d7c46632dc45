/** @jsxImportSource hono/jsx */
/** The accessibility statement (tillgänglighetsredogörelse) the law on digital public services asks for. */
import type { Hono } from 'hono'
import { html, Page, type PageEnv } from './core.tsx'

export function accessibilityRoutes(router: Hono<PageEnv>) {
  router.get('/tillganglighet', (c) =>
    html(
      c,
      <Page c={c} title="Tillgänglighetsredogörelse">
        <h1>Tillgänglighetsredogörelse för hemvist</h1>
        <p>
          Örebro kommun står bakom den här tjänsten. Vi vill att alla ska kunna använda den, och den ska
          uppfylla lagen om tillgänglighet till digital offentlig service (WCAG 2.1 nivå AA).
        </p>
        <h2>Hur tillgänglig är tjänsten?</h2>
        <p>
          Sidorna fungerar utan JavaScript, med tangentbord och med skärmläsare. Varje sida kontrolleras
          automatiskt mot WCAG 2.1 nivå A och AA med verktyget axe-core i våra tester.
        </p>
        <h2>Det här är inte tillgängligt ännu</h2>
        <ul>
          <li>Tabellerna kan inte sorteras genom att välja en kolumnrubrik.</li>
          <li>Sidorna finns bara på svenska.</li>
          <li>Automatiska tester hittar inte alla brister; sidorna har ännu inte granskats manuellt.</li>
        </ul>
        <h2>Rapportera en brist</h2>
        <p>
          Om du stöter på något som hindrar dig, kontakta den som förvaltar tjänsten i kommunen. Du kan också
          anmäla till Myndigheten för digital förvaltning (DIGG), som har tillsyn över lagen.
        </p>
      </Page>,
    ),
  )
}
