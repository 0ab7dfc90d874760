import { AppBar as RaAppBar, LoadingIndicator, LocalesMenuButton, TitlePortal } from 'react-admin';
import { PurposePicker } from './PurposePicker';

/** The default app bar with the purpose picker, always visible, next to the language menu. */
export function AppBar() {
  return (
    <RaAppBar
      alwaysOn
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
