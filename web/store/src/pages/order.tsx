import { createLazyRoute } from '@tanstack/react-router';
import { t } from '../strings';
import { BeingBuilt } from './being-built';

export const route = createLazyRoute('/orders/$code')({ component: () => <BeingBuilt title={t('nav.account')} /> });
