/**
 * A wide table scrolls inside this box on a narrow screen, never the page.
 * `relative` keeps the table's visually hidden (absolutely positioned) labels
 * inside the box too, or they would widen the page from where they sit. It can
 * be focused, so the keyboard can scroll it.
 */
export function TableBox({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (axe scrollable-region-focusable).
      tabIndex={0}
      className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white focus:outline-2 focus:outline-blue-700"
    >
      {children}
    </section>
  );
}
