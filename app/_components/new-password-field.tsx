"use client";

// A new password's field with a strength meter. The meter only advises: the
// server's policy (lib/auth/password-policy.ts) decides. zxcvbn-ts and its
// dictionaries (about 2 MB) are loaded on the first keystroke, not with the page.
import { useRef, useState } from "react";
import { Field } from "./fields";

type Estimate = (password: string) => { score: number; warning: string; suggestion: string };

const WORDS = ["very weak", "weak", "fair", "good", "strong"];

async function loadEstimator(): Promise<Estimate> {
  const [{ ZxcvbnFactory }, common, en] = await Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
    import("@zxcvbn-ts/language-en"),
  ]);
  const zxcvbn = new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  return (password) => {
    const { score, feedback } = zxcvbn.check(password);
    return { score, warning: feedback.warning ?? "", suggestion: feedback.suggestions[0] ?? "" };
  };
}

function strengthText(password: string, minLength: number, estimate: Estimate | null): string {
  if (password === "") return "";
  const length = [...password.normalize("NFKC")].length;
  if (length < minLength)
    return `Strength: too short — use at least ${minLength} characters (${length} so far).`;
  if (!estimate) return "Strength: checking…";
  const { score, warning, suggestion } = estimate(password);
  const advice = [warning, score < 3 ? suggestion || "add another word or two" : ""]
    .filter(Boolean)
    .join(" ");
  return `Strength: ${WORDS[score] ?? "unknown"}${advice ? ` — ${advice}` : "."}`;
}

export function NewPasswordField({
  label,
  name,
  minLength,
}: {
  label: string;
  name: string;
  minLength: number;
}) {
  const [text, setText] = useState("");
  const estimator = useRef<Promise<Estimate> | null>(null);
  const onChange = (event: React.ChangeEvent<HTMLInputElement>) => {
    const password = event.target.value;
    setText(strengthText(password, minLength, null));
    estimator.current ??= loadEstimator();
    estimator.current.then(
      (estimate) => {
        // Only the latest keystroke's answer is shown.
        if (event.target.value === password) setText(strengthText(password, minLength, estimate));
      },
      () => {
        // Offline or blocked: the length is still shown, and the next keystroke tries again.
        estimator.current = null;
      },
    );
  };
  return (
    <div>
      <Field
        label={label}
        name={name}
        type="password"
        autoComplete="new-password"
        hint={`At least ${minLength} characters. Any characters, spaces too; a few unrelated words are easy to remember.`}
        onChange={onChange}
      />
      <p aria-live="polite" data-testid="password-strength" className="mt-1 min-h-5 text-sm text-slate-700">
        {text}
      </p>
    </div>
  );
}
