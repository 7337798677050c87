import { createLazyRoute } from '@tanstack/react-router';
import { t } from '../strings';
import { BeingBuilt } from './being-built';

export const route = createLazyRoute('/cart')({ component: () => <BeingBuilt title={t('nav.cart')} /> });
