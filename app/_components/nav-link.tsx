"use client";

// A navigation link that says which page is open (aria-current), for screen
// readers and for the look; rendered on the server too, so it needs no JavaScript.
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavLink as Target } from "@/lib/ui/navigation";

export function NavLink({ link, className }: { link: Target; className: string }) {
  const path = usePathname();
  const current =
    path === link.href ? "page" : link.section && path.startsWith(link.section) ? "true" : undefined;
  return (
    <Link
      href={link.href}
      aria-current={current}
      className={`${className} aria-[current]:bg-slate-100 aria-[current]:font-semibold aria-[current]:text-slate-900`}
    >
      {link.label}
    </Link>
  );
}
