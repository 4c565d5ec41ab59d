import { WithSectionNav } from "@/app/_components/section-nav";
import { SettingsNav } from "@/app/_components/settings-nav";

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return <WithSectionNav nav={<SettingsNav />}>{children}</WithSectionNav>;
}
