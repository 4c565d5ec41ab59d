import { signInProviders } from "@/lib/auth/providers";
import { settingsGroups } from "@/lib/ui/navigation";
import { SectionNav } from "./section-nav";

export function SettingsNav() {
  return <SectionNav label="Settings" groups={settingsGroups({ providers: signInProviders().length > 0 })} />;
}
