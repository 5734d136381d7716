import { html } from "hono/html";

/** The dev issuer's sign-in page: pick any username and groups; there are no passwords offline. */
export function loginPage(params: Record<string, string>, error?: string) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Sign in · Promotions (dev issuer)</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; background: #f5f5f4; color: #1c1917; display: grid; place-items: center; min-height: 100vh; margin: 0; }
      form { background: #fff; padding: 2rem; border-radius: 12px; box-shadow: 0 1px 3px #0002; width: min(22rem, 90vw); display: grid; gap: 1rem; }
      h1 { font-size: 1.25rem; margin: 0; }
      p { margin: 0; color: #57534e; font-size: 0.875rem; }
      label { display: grid; gap: 0.25rem; font-weight: 600; font-size: 0.875rem; }
      input[type="text"] { font: inherit; padding: 0.5rem 0.75rem; border: 1px solid #d6d3d1; border-radius: 8px; }
      .check { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; }
      button { font: inherit; font-weight: 600; padding: 0.6rem; border: 0; border-radius: 8px; background: #1c1917; color: #fff; cursor: pointer; }
      .error { color: #b91c1c; }
    </style>
  </head>
  <body>
    <form method="post" action="/oauth2/authorize">
      <h1>Sign in to Promotions</h1>
      <p>Development issuer: any username works, no password. Cognito signs users in when deployed.</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ""}
      ${Object.entries(params).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
      <label>Username <input type="text" name="username" autocomplete="username" required pattern="[A-Za-z0-9._@+\\-]{1,64}" autofocus /></label>
      <label>Groups (space-separated) <input type="text" name="groups" placeholder="editors" /></label>
      <label class="check"><input type="checkbox" name="admin" value="on" /> Administrator (group <code>admin</code>)</label>
      <button type="submit">Sign in</button>
    </form>
  </body>
</html>`;
}
