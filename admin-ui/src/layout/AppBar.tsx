import { AppBar as RaAppBar, LoadingIndicator, LocalesMenuButton, TitlePortal, useGetIdentity, UserMenu } from 'react-admin';
import { PurposePicker } from './PurposePicker';

/** The user menu named by what it shows, the signed-in person's name (a screen reader hears what is seen). */
function NamedUserMenu() {
  const { identity } = useGetIdentity();
  return <UserMenu label={identity?.fullName ?? 'ra.auth.user_menu'} />;
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
          <LoadingIndicator />
        </>
      }
    >
      <TitlePortal />
    </RaAppBar>
  );
}
