import { AppBar as RaAppBar, LoadingIndicator, LocalesMenuButton, TitlePortal, useGetIdentity, UserMenu, useTranslate } from 'react-admin';
import { PurposePicker } from './PurposePicker';

/** The user menu named by what it shows, the signed-in person's name (a screen reader hears what is seen). */
function NamedUserMenu() {
  const { identity } = useGetIdentity();
  return <UserMenu label={identity?.fullName ?? 'ra.auth.user_menu'} />;
}

/** react-admin's spinner, named: a progress bar without a name is announced as nothing (axe: aria-progressbar-name). */
function NamedLoadingIndicator() {
  const translate = useTranslate();
  const named = { 'aria-label': translate('ra.page.loading') }; // passed on to the spinner
  return <LoadingIndicator {...named} />;
}

/** The default app bar with the purpose picker, always visible, next to the language menu. */
export function AppBar() {
  return (
    <RaAppBar
      alwaysOn
      userMenu={<NamedUserMenu />}
      toolbar={
        <>
          <PurposePicker />
          <LocalesMenuButton />
          <NamedLoadingIndicator />
        </>
      }
    >
      <TitlePortal />
    </RaAppBar>
  );
}
