/** @jsxImportSource hono/jsx */
/**
 * The frame of every page: `lang="sv"`, a skip link, the navigation the person's role may use,
 * one `<main>`, and the footer with the accessibility statement. Plain HTML and one stylesheet,
 * no build step; the one small script (a round's progress) only enhances a page that works without it.
 */
import type { Child } from 'hono/jsx'
import type { Principal } from '../../domain/roles.ts'
import { roleNames } from './words.ts'

export interface PageFrame {
  /** The page's own title; "Fel: " is put first when `error` is set, so a screen reader says it at once. */
  title: string
  principal?: Principal | undefined
  csrfToken?: string | undefined
  error?: boolean
  /** A script of ours to load (progressive enhancement: the page works without it). */
  script?: string
  /** The database holds demo data: a banner on every page says so. */
  demoData?: boolean
  children?: Child
}

interface NavItem {
  href: string
  text: string
  roles: readonly string[]
}

const nav: readonly NavItem[] = [
  { href: '/oversikt', text: 'Översikt', roles: ['admin', 'allocator', 'caseworker', 'analyst'] },
  { href: '/hushall', text: 'Hushåll', roles: ['admin', 'allocator', 'caseworker'] },
  { href: '/bostader', text: 'Bostäder', roles: ['admin', 'allocator', 'caseworker'] },
  { href: '/rundor', text: 'Matchningsrundor', roles: ['admin', 'allocator', 'caseworker', 'analyst'] },
  { href: '/erbjudanden', text: 'Erbjudanden', roles: ['admin', 'allocator', 'caseworker'] },
  { href: '/uppfoljning', text: 'Uppföljning', roles: ['admin', 'allocator', 'analyst'] },
]

export function Layout(props: PageFrame) {
  const p = props.principal
  return (
    <html lang="sv">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.script === undefined ? null : <script src={props.script} defer />}
        <title>{`${props.error ? 'Fel: ' : ''}${props.title} – hemvist`}</title>
        <link rel="stylesheet" href="/stil.css" />
      </head>
      <body>
        <a class="skip" href="#innehall">
          Hoppa till innehållet
        </a>
        {props.demoData === true ? (
          <div class="notice notice-problem demo-banner" role="note" aria-label="Demodata">
            <p>
              <strong>Demodata.</strong> Databasen innehåller påhittade hushåll och bostäder, inte riktiga
              personer. Ta bort dem med <code>npx hemvist demo remove</code> innan tjänsten används på
              riktigt.
            </p>
          </div>
        ) : null}
        <header class="site">
          <p class="brand">
            <a href={p ? '/oversikt' : '/logga-in'}>hemvist</a>
            <span> – bostadsstöd, Örebro kommun</span>
          </p>
          {p ? (
            <nav aria-label="Huvudmeny">
              <ul>
                {nav
                  .filter((item) => item.roles.includes(p.role))
                  .map((item) => (
                    <li>
                      <a href={item.href}>{item.text}</a>
                    </li>
                  ))}
              </ul>
            </nav>
          ) : null}
          {p ? (
            <form method="post" action="/logga-ut" class="signout">
              <p>
                Inloggad som {p.person ?? 'okänd person'} ({roleNames[p.role]})
              </p>
              <input type="hidden" name="_csrf" value={props.csrfToken ?? ''} />
              <button type="submit">Logga ut</button>
            </form>
          ) : null}
        </header>
        <main id="innehall" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site">
          <p>
            <a href="/tillganglighet">Tillgänglighetsredogörelse</a> · hemvist, Örebro kommun
          </p>
        </footer>
      </body>
    </html>
  )
}
