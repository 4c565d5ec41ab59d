// The header: on a wide screen a few links (the rest are a level down, in the
// settings and admin navigation); on a phone one short bar whose "Menu" opens
// every page, grouped. The menu is a <details> disclosure: it works without
// JavaScript and the keyboard and screen readers know it.
import Link from "next/link";
import { signOutAction } from "@/lib/actions/auth";
import type { CurrentSession } from "@/lib/auth/current";
import { signInProviders } from "@/lib/auth/providers";
import { menuGroups, topLinks } from "@/lib/ui/navigation";
import { NavLink } from "./nav-link";

const navLink = "rounded px-2 py-1 text-slate-700 hover:bg-slate-100 hover:text-slate-900";

export function SiteHeader({ session }: { session: CurrentSession | null }) {
  const admin = session?.user.role === "admin";
  return (
    <header className="relative border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center gap-2 px-4 py-3">
        <Link href="/" className="mr-4 font-bold text-slate-900">
          Hybrid Auth
        </Link>
        {session ? (
          <>
            <div className="hidden items-center gap-2 md:flex">
              {topLinks({ admin }).map((link) => (
                <NavLink key={link.href} link={link} className={navLink} />
              ))}
            </div>
            <span className="ml-auto hidden truncate text-sm text-slate-600 md:inline md:max-w-64">
              {session.user.email}
            </span>
            <details className="group ml-auto md:hidden">
              <summary className="cursor-pointer list-none rounded-md border border-slate-400 px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100 [&::-webkit-details-marker]:hidden">
                Menu
              </summary>
              <div className="absolute inset-x-0 top-full z-20 space-y-4 border-b border-slate-200 bg-white px-4 py-4 shadow-lg">
                <p className="text-sm [overflow-wrap:anywhere] text-slate-600">{session.user.email}</p>
                {menuGroups({ admin, providers: signInProviders().length > 0 }).map((group) => (
                  // biome-ignore lint/a11y/useSemanticElements: a named group of links; <fieldset> is for form controls.
                  <div key={group.name} role="group" aria-label={group.name}>
                    <p
                      aria-hidden="true"
                      className="text-xs font-semibold tracking-wide text-slate-600 uppercase"
                    >
                      {group.name}
                    </p>
                    <div className="mt-1 flex flex-wrap gap-1">
                      {group.links.map((link) => (
                        <NavLink key={link.href} link={link} className={`${navLink} inline-block`} />
                      ))}
                    </div>
                  </div>
                ))}
              </div>
            </details>
            <form action={signOutAction}>
              <button
                type="submit"
                className="rounded-md border border-slate-400 px-3 py-1 text-sm font-medium hover:bg-slate-100"
              >
                Sign out
              </button>
            </form>
          </>
        ) : (
          <>
            <Link className={`${navLink} ml-auto`} href="/login">
              Sign in
            </Link>
            <Link className={navLink} href="/signup">
              Create account
            </Link>
          </>
        )}
      </nav>
    </header>
  );
}
