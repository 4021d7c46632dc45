/** @jsxImportSource hono/jsx */
/** Small parts the pages share: the error summary, status tags, hidden CSRF field, a form error. */
import type { Child } from 'hono/jsx'

/** One error of a form: the field's id (linked from the summary) and the message, in Swedish. */
export interface FormError {
  field: string
  message: string
}

/**
 * The error summary at the top of a form after a failed submit: a heading, every error as a link
 * to its field. Focus goes to it via `autofocus` (no script needed), and the page title starts with "Fel:".
 */
export function ErrorSummary(props: { errors: readonly FormError[] }) {
  if (props.errors.length === 0) return null
  return (
    <div class="error-summary" role="alert" aria-labelledby="fel-rubrik" tabindex={-1} autofocus>
      <h2 id="fel-rubrik">Det finns ett problem</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  )
}

/** The same words next to the field. */
export function FieldError(props: { errors: readonly FormError[]; field: string }) {
  const e = props.errors.find((x) => x.field === props.field)
  return e ? (
    <p class="field-error" id={`${props.field}-fel`}>
      <span class="visually-hidden">Fel: </span>
      {e.message}
    </p>
  ) : null
}

export function Tag(props: { kind: string; children?: Child }) {
  return <strong class={`tag tag-${props.kind}`}>{props.children}</strong>
}

export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />
}

/** A message box after an action (a confirmation) or a refusal the service gave, in Swedish. */
export function Notice(props: { kind: 'ok' | 'problem'; title: string; children?: Child }) {
  return (
    <div class={`notice notice-${props.kind}`} role={props.kind === 'problem' ? 'alert' : 'status'}>
      <h2>{props.title}</h2>
      {props.children}
    </div>
  )
}
