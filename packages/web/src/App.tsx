import type { User } from "oidc-client-ts";
import { useEffect, useState } from "react";
import { signIn, signOut, userManager } from "./auth";
import { OfflineBanner } from "./components/OfflineBanner";
import { Promotions } from "./components/Promotions";

type Session =
  | { state: "loading" }
  | { state: "signed-out"; error?: string }
  | { state: "signed-in"; user: User };

/**
 * The code exchange may run once only (a code is single-use), but effects can run twice (React's
 * StrictMode does so in development): share one exchange between them.
 */
let callback: Promise<User> | undefined;

/** Finishes a sign-in redirect if this is the callback, then restores the session. */
async function restoreSession(): Promise<User | null> {
  if (window.location.pathname === "/auth/callback") {
    callback ??= userManager.signinRedirectCallback();
    const user = await callback;
    window.history.replaceState({}, "", "/");
    return user;
  }
  const user = await userManager.getUser();
  return user && !user.expired ? user : null;
}

export function App() {
  const [session, setSession] = useState<Session>({ state: "loading" });

  useEffect(() => {
    restoreSession()
      .then((user) => setSession(user ? { state: "signed-in", user } : { state: "signed-out" }))
      .catch((error: Error) => setSession({ state: "signed-out", error: error.message }));
    const onLoaded = (user: User) => setSession({ state: "signed-in", user });
    const onEnded = () => setSession({ state: "signed-out" });
    userManager.events.addUserLoaded(onLoaded);
    userManager.events.addUserUnloaded(onEnded);
    userManager.events.addSilentRenewError(onEnded);
    return () => {
      userManager.events.removeUserLoaded(onLoaded);
      userManager.events.removeUserUnloaded(onEnded);
      userManager.events.removeSilentRenewError(onEnded);
    };
  }, []);

  if (session.state === "loading") return <p className="centered">Loading…</p>;

  if (session.state === "signed-out") {
    return (
      <main className="centered sign-in">
        <h1>Promotions</h1>
        <p>Plan and run your discount campaigns.</p>
        {session.error && (
          <p className="error" role="alert">
            Sign-in failed: {session.error}
          </p>
        )}
        <button type="button" className="primary" onClick={() => void signIn()}>
          Sign in
        </button>
      </main>
    );
  }

  const profile = session.user.profile;
  const groups = (profile["cognito:groups"] as string[] | undefined) ?? [];
  const name = (profile["cognito:username"] as string | undefined) ?? profile.email ?? profile.sub;
  return (
    <>
      <header className="topbar">
        <strong>Promotions</strong>
        <span className="who">
          Signed in as <span data-testid="username">{name}</span>
          <button type="button" className="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <OfflineBanner />
      <main className="content">
        <Promotions isAdmin={groups.includes("admin")} />
      </main>
    </>
  );
}
