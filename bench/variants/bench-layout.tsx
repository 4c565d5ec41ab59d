// Benchmark root layout. The app's own layout checks the session for its header
// on every page; this one does not, so a "no check" row really makes none and
// each pair of rows differs only in what the row names.
import "./globals.css";

export default function BenchLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <main>{children}</main>
      </body>
    </html>
  );
}
