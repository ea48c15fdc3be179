import { Body, Controller, HttpCode, Post } from '@nestjs/common';

import { UrlSignDto, UserGetDto } from '#src/wx-web/dto/wx-web.dto.js';
import { JssdkConfig, SignIn, WxWebService } from '#src/wx-web/wx-web.service.js';

@Controller('api/v1/wx-web')
export class WxWebController {
  constructor(private readonly wxWeb: WxWebService) {}

  @Post('user/get')
  @HttpCode(200)
  signIn(@Body() dto: UserGetDto): Promise<SignIn> {
    return this.wxWeb.signIn(dto);
  }

  @Post('url/sign')
  @HttpCode(200)
  signUrl(@Body() dto: UrlSignDto): Promise<JssdkConfig> {
    return this.wxWeb.signUrl(dto);
  }
}
