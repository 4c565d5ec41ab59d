import { WithSectionNav } from "@/app/_components/section-nav";
import { SettingsNav } from "@/app/_components/settings-nav";

// Devices is one of the settings groups, though its address is not under /settings.
export default function DevicesLayout({ children }: { children: React.ReactNode }) {
  return <WithSectionNav nav={<SettingsNav />}>{children}</WithSectionNav>;
}
