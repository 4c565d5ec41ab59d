// The navigation within a part of the app (settings, admin): its pages in named
// groups beside the content on a wide screen. On a phone the header's menu
// holds the same links, so this one is hidden there.
import type { NavGroup } from "@/lib/ui/navigation";
import { NavLink } from "./nav-link";

const link = "block rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 hover:text-slate-900";

export function SectionNav({ label, groups }: { label: string; groups: NavGroup[] }) {
  return (
    <nav aria-label={label} className="hidden w-44 shrink-0 space-y-4 md:block">
      {groups.map((group) => (
        // biome-ignore lint/a11y/useSemanticElements: a named group of links; <fieldset> is for form controls.
        <div key={group.name} role="group" aria-label={group.name}>
          <p aria-hidden="true" className="px-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">
            {group.name}
          </p>
          {/* Links, not list items: the pages' own lists (devices, passkeys) are what "listitem" finds there. */}
          <div className="mt-1 space-y-0.5">
            {group.links.map((l) => (
              <NavLink key={l.href} link={l} className={link} />
            ))}
          </div>
        </div>
      ))}
    </nav>
  );
}

/** The page beside its section's navigation; the page may be wide (tables), so it may shrink. */
export function WithSectionNav({ nav, children }: { nav: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="flex gap-8">
      {nav}
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
