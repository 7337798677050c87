import { createLazyRoute } from '@tanstack/react-router';
import { t } from '../strings';
import { BeingBuilt } from './being-built';

export const route = createLazyRoute('/search')({ component: () => <BeingBuilt title={t('nav.catalog')} /> });
export const categoryRoute = createLazyRoute('/categories/$code')({ component: () => <BeingBuilt title={t('nav.catalog')} /> });
