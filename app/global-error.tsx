"use client";

export default function GlobalError() {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "2rem" }}>
        <h1>Something went wrong</h1>
        <p>The request could not be completed. Nothing was changed. Please reload the page.</p>
      </body>
    </html>
  );
}
