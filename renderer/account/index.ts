// The account feature's public face. The frame itself uses it: who is signed in decides between
// the sign-in screen and the sections, so this is the one store the App creates by name.
export { createAccountStore } from './account-store';
export { SignInScreen } from './SignInScreen';
