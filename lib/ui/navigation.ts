// Where the signed-in pages are, in the groups the header's menu and the
// settings and admin side navigation show. Link names are what people (and
// test suites) look for: keep them when moving a link between groups.
/** `section`: the link stands for every page under this path (marked current on each of them). */
export type NavLink = { href: string; label: string; section?: string };
export type NavGroup = { name: string; links: NavLink[] };

/** The account's own pages, grouped; "Connected accounts" only when the server offers a provider. */
export function settingsGroups({ providers }: { providers: boolean }): NavGroup[] {
  return [
    {
      name: "Account",
      links: [
        { href: "/settings/account", label: "Account" },
        { href: "/settings/email", label: "Email" },
        ...(providers ? [{ href: "/settings/accounts", label: "Connected accounts" }] : []),
      ],
    },
    {
      name: "Security",
      links: [
        { href: "/settings/password", label: "Password" },
        { href: "/settings/two-factor", label: "Two-factor" },
        { href: "/settings/passkeys", label: "Passkeys" },
      ],
    },
    { name: "Devices", links: [{ href: "/devices", label: "Devices" }] },
    { name: "Activity", links: [{ href: "/settings/activity", label: "Activity" }] },
  ];
}

export const ADMIN_GROUP: NavGroup = {
  name: "Admin",
  links: [
    { href: "/admin/sessions", label: "Sessions" },
    { href: "/admin/audit", label: "Audit log" },
    { href: "/admin/mail", label: "Mail" },
  ],
};

/** The header's few links on a wide screen; the rest are a level down (settings, admin). */
export function topLinks({ admin }: { admin: boolean }): NavLink[] {
  return [
    { href: "/dashboard", label: "Dashboard" },
    { href: "/devices", label: "Devices" },
    { href: "/settings/account", label: "Settings", section: "/settings/" },
    ...(admin ? [{ href: "/admin/sessions", label: "Admin", section: "/admin/" }] : []),
  ];
}

/** Everything, grouped, for the phone's menu. */
export function menuGroups({ admin, providers }: { admin: boolean; providers: boolean }): NavGroup[] {
  return [
    { name: "Overview", links: [{ href: "/dashboard", label: "Dashboard" }] },
    ...settingsGroups({ providers }),
    ...(admin ? [ADMIN_GROUP] : []),
  ];
}
